import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './rpc.model.js';

// The properties live in rpc.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'tr69/rpc', properties);
