export * from './create-signal-reader.js';
export * from './http-signal-classifier.js';
export * from './policy-check.js';
