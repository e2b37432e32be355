import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './loss.model.js';

// The properties live in loss.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'congestion/loss', properties);
