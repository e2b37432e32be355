import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './roles.model.js';

// The properties live in roles.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'pfs/roles', properties);
