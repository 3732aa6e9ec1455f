export * from './ledgerEntry.js';
export * from './financeBalance.js';
export * from './checkTenderInvariants.js';
export * from './settlementReport.js';
export * from './reconcile.js';
export * from './ledgerEntriesFromReturnEvent.js';
export * from './paymentFacts.js';
