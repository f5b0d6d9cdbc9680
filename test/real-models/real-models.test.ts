// The real-model suites run in one file, so one after the other: two llama.cpp processes on the
// same cores slow each other down many times over (their threads spin while they wait).
import './bench-suite.js';
import './dialogue-suite.js';
import './exact-suite.js';
