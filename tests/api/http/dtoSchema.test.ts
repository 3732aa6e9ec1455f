import { expect } from 'chai';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { createSchemaRegistry, dtoObjectSchema, dtoRef } from '../../../api/http/dtoSchema.js';
import { buildOpenApi, toOpenApiPath } from '../../../api/http/openapi.js';
import { defineRoute } from '../../../api/http/route.js';
import { IsBoundedString, IsDecimalAmount, IsId } from '../../../api/http/validation.js';

enum Priority {
  Low = 1,
  High = 2,
}

class Leaf {
  @IsString() name!: string;
}

class Tree {
  @IsString() label!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Tree) children?: Tree[];
}

class Kitchen {
  @IsInt() @Min(0) @Max(10) count!: number;
  @IsNumber() ratio!: number;
  @IsBoolean() flag!: boolean;
  @IsEnum(Priority) priority!: Priority;
  @IsIn(['a', 'b']) letter!: string;
  @IsString() @Length(2, 5) code!: string;
  @IsString() @MinLength(1) @MaxLength(9) short!: string;
  @Matches(/^x+$/) xs!: string;
  @IsISO8601() at!: string;
  @IsUUID() uuid!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsInt({ each: true }) @Min(1, { each: true }) ints!: number[];
  @ValidateNested() @Type(() => Leaf) leaf!: Leaf;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Leaf) leaves!: Leaf[];
  @IsOptional() @IsId() ref?: string;
  @IsOptional() @IsBoundedString({ min: 3, max: 7 }) text?: string;
  @IsOptional() @IsDecimalAmount({ scale: 4, allowNegative: true }) delta?: string;
}

/** A second class that is also called Leaf, as happens across feature folders. */
function otherLeaf() {
  class Leaf {
    @IsString() other!: string;
  }
  return Leaf;
}

describe('api/http dtoSchema', () => {
  it('maps the common class-validator rules to JSON Schema', () => {
    const registry = createSchemaRegistry();
    const schema = dtoObjectSchema(Kitchen, registry) as { properties: Record<string, unknown>; required: string[] };
    expect(schema.properties).to.deep.equal({
      count: { type: 'integer', minimum: 0, maximum: 10 },
      ratio: { type: 'number' },
      flag: { type: 'boolean' },
      priority: { enum: [1, 2] },
      letter: { enum: ['a', 'b'] },
      code: { type: 'string', minLength: 2, maxLength: 5 },
      short: { type: 'string', minLength: 1, maxLength: 9 },
      xs: { pattern: '^x+$' },
      at: { type: 'string', format: 'date-time' },
      uuid: { type: 'string', format: 'uuid' },
      ints: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'integer', minimum: 1 } },
      leaf: { $ref: '#/components/schemas/Leaf' },
      leaves: { type: 'array', items: { $ref: '#/components/schemas/Leaf' } },
      ref: { type: 'string', pattern: '^[A-Za-z0-9._:@~-]{1,128}$' },
      text: { type: 'string', minLength: 3, maxLength: 7 },
      delta: {
        type: 'string',
        pattern: '^-?\\d+(\\.\\d+)?$',
        maxLength: 20,
        description: 'decimal string with at most 4 decimal places',
        examples: ['19.99'],
      },
    });
    expect(schema.required).to.not.include.members(['ref', 'text', 'delta']);
    expect(schema.required).to.include.members(['count', 'leaf', 'leaves']);
    expect(Object.keys(registry.schemas)).to.deep.equal(['Leaf']);
  });

  it('handles self-referencing DTOs and keeps component names unique', () => {
    const registry = createSchemaRegistry();
    expect(dtoRef(Tree, registry)).to.deep.equal({ $ref: '#/components/schemas/Tree' });
    expect((registry.schemas.Tree as { properties: Record<string, unknown> }).properties.children).to.deep.equal({
      type: 'array',
      items: { $ref: '#/components/schemas/Tree' },
    });
    const Other = otherLeaf();
    dtoRef(Leaf, registry);
    expect(dtoRef(Other, registry)).to.deep.equal({ $ref: '#/components/schemas/Leaf2' });
  });

  it('converts express paths and documents path params without a DTO', () => {
    expect(toOpenApiPath('/a/:id/b/:other')).to.equal('/a/{id}/b/{other}');
    const route = defineRoute({
      method: 'delete', path: '/things/:thingId', operationId: 'deleteThing', summary: 's', tags: ['t'], role: 'admin',
      responses: { 204: { description: 'gone' } }, handler: async () => ({ status: 204 }),
    });
    const doc = buildOpenApi([route], { title: 't', version: '1' }) as { paths: Record<string, Record<string, { parameters: unknown[] }>> };
    expect(doc.paths['/things/{thingId}']!.delete!.parameters[0]).to.deep.equal({ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } });
  });

  it('rejects malformed route declarations at definition time', () => {
    const base = { summary: 's', tags: [], responses: { 200: { description: 'ok' } }, handler: async () => ({ status: 200 }) };
    expect(() => defineRoute({ ...base, method: 'get', path: 'no-slash', operationId: 'x', role: 'admin' })).to.throw(/path/);
    expect(() => defineRoute({ ...base, method: 'get', path: '/x', operationId: 'x y', role: 'admin' })).to.throw(/operationId/);
    expect(() => defineRoute({ ...base, method: 'get', path: '/x', operationId: 'x', role: 'root' as 'admin' })).to.throw(/role/);
    expect(() => defineRoute({ ...base, method: 'get', path: '/x', operationId: 'x', role: 'admin', responses: {} })).to.throw(/response/);
  });
});
