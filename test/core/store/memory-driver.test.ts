import test from 'ava';
import { MemoryStore } from '../../../core/store/memory-driver.js';
import { storeConformance } from './conformance.js';

storeConformance(test, 'memory', { open: async () => new MemoryStore(), dispose: (s) => s.close() });
