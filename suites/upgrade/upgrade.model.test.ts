import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './upgrade.model.js';

// The properties live in upgrade.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'upgrade/upgrade', properties);
