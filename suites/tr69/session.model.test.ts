import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './session.model.js';

// The properties live in session.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'tr69/session', properties);
