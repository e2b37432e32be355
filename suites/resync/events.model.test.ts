import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './events.model.js';

// The properties live in events.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'resync/events', properties);
