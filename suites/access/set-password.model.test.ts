import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './set-password.model.js';

// The properties live in set-password.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'access/set-password', properties);
