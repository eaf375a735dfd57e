import { http, HttpResponse, type HttpHandler } from 'msw';
import { decodeCursor, encodeCursor } from '../shared/people.ts';
import { createLiveRecords, type LiveRecords } from '../shared/liveRecords.ts';
import { DEPARTMENTS, HARBOR_HR_BASE_URL, HARBOR_HR_PASSWORD, HARBOR_HR_USERNAME, harborEmployees, type HarborEmployee } from './data.ts';

export interface HarborHrOptions {
  /** How many employees the company has. @default 84 */
  employees?: number;
}

/** A running mocked Harbor HR: its handlers and its employees, to change at run time. It has no webhooks and no change filter. */
export interface HarborHrApp {
  handlers: HttpHandler[];
  employees: LiveRecords<HarborEmployee>;
}

function authenticate(request: Request) {
  const expected = `Basic ${btoa(`${HARBOR_HR_USERNAME}:${HARBOR_HR_PASSWORD}`)}`;
  if (request.headers.get('authorization') === expected) return undefined;
  return HttpResponse.json({ message: 'Bad username or password' }, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="harbor"' } });
}

/** msw handlers that play Harbor HR, an HR system with basic auth and page tokens. */
export function harborHrHandlers(options: HarborHrOptions = {}): HttpHandler[] {
  return createHarborHr(options).handlers;
}

/** Harbor HR with employees that change at run time. */
export function createHarborHr(options: HarborHrOptions = {}): HarborHrApp {
  const live = createLiveRecords(harborEmployees(options.employees ?? 84), { idOf: (employee) => employee.employeeId });
  return { handlers: harborRoutes(live), employees: live };
}

function harborRoutes(live: LiveRecords<HarborEmployee>): HttpHandler[] {
  return [
    http.get(`${HARBOR_HR_BASE_URL}/company`, ({ request }) => {
      return authenticate(request) ?? HttpResponse.json({ name: 'Harbor Demo Company' });
    }),
    http.get(`${HARBOR_HR_BASE_URL}/employees`, ({ request }) => {
      const denied = authenticate(request);
      if (denied) return denied;
      const url = new URL(request.url);
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 20) || 20, 50);
      const token = url.searchParams.get('page_token');
      const offset = token === null ? 0 : decodeCursor(token);
      if (offset === undefined) return HttpResponse.json({ message: 'Invalid page_token' }, { status: 400 });
      const employees = live.all();
      const page = employees.slice(offset, offset + size);
      const end = offset + page.length;
      return HttpResponse.json({ employees: page, meta: { total: employees.length, next_page_token: end < employees.length ? encodeCursor(end) : '' } });
    }),
    http.get(`${HARBOR_HR_BASE_URL}/departments`, ({ request }) => {
      return authenticate(request) ?? HttpResponse.json({
        departments: DEPARTMENTS.map((name, index) => ({
          id: `D-${index + 1}`,
          name,
          headcount: live.all().filter((employee) => employee.department === name).length,
        })),
      });
    }),
  ];
}
