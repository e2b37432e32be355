import t from 'tap';
import { runUnderTap } from '../../lib/model-check/index.js';
import { properties } from './client.model.js';

// The properties live in client.model.ts so that `provcert model check` runs the same ones.
runUnderTap(t, 'dhcp/client', properties);
