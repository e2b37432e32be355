import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './onboarding.model.js';

// The properties live in onboarding.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'edos/onboarding', properties);
