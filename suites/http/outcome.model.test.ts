import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './outcome.model.js';

// The properties live in outcome.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'http/outcome', properties);
