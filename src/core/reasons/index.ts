export * from './ask-why.js';
export * from './reason-judge.js';
export * from './reason-label.js';
export * from './reason-taxonomy.js';
export * from './volunteered-reason.js';
