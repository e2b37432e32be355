import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './calls.model.js';

// The properties live in calls.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'resync/calls', properties);
