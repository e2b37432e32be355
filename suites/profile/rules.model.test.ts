import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './rules.model.js';

// The properties live in rules.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'profile/rules', properties);
