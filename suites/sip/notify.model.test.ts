import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './notify.model.js';

// The properties live in notify.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'sip/notify', properties);
