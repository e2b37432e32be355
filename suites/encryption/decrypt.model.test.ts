import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './decrypt.model.js';

// The properties live in decrypt.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'encryption/decrypt', properties);
