import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './schedule.model.js';

// The properties live in schedule.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'resync/schedule', properties);
