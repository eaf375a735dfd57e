import { http, passthrough } from 'msw';
import { beforeAll, beforeEach } from 'vitest';
import { server } from '../setup/msw.ts';

/**
 * Tests here talk to real servers on loopback through fetch, which msw
 * intercepts and, with no handler, fails. Loopback goes through untouched;
 * the mocked apps stay mocked. Added again before each test because msw's
 * setup resets runtime handlers after each one.
 */
const loopback = http.all(/^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?\//, () => passthrough());

beforeAll(() => server.use(loopback));
beforeEach(() => server.use(loopback));
