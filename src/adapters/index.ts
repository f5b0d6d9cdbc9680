export * from './adapter-decision.js';
export * from './openai-tool.js';
