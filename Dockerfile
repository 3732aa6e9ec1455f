# The OMS server image. Sources run through tsx (no separate build output to drift from the code).
FROM node:20.20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY domain ./domain
COPY application ./application
COPY infrastructure ./infrastructure
COPY projections ./projections
COPY api ./api
COPY web ./web
COPY tsconfig.json ./
ENV NODE_ENV=production PORT=3000 OMS_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000
USER node
CMD ["node", "bin/oms.js", "serve"]
