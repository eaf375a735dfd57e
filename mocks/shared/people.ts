/** Deterministic fake people, so every run of a story or test sees the same records. */

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Tim', 'Hedy', 'John', 'Joan', 'Claude', 'Sophie', 'Niklaus', 'Shafi', 'Donald', 'Leslie', 'Yukihiro', 'Anita'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra', 'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Clarke', 'Shannon', 'Wilson', 'Wirth', 'Goldwasser', 'Knuth', 'Lamport', 'Matsumoto', 'Borg'];
const TITLES = ['Account Executive', 'Engineer', 'Designer', 'Support Lead', 'Product Manager', 'Data Analyst', 'Recruiter', 'Controller'];
const CITIES = [['Lisbon', 'PT'], ['Berlin', 'DE'], ['Toronto', 'CA'], ['Austin', 'US'], ['Osaka', 'JP'], ['Nairobi', 'KE']] as const;

/** mulberry32: a tiny seeded PRNG. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Person {
  first: string;
  last: string;
  title: string;
  city: string;
  country: string;
  /** Epoch ms within 2024. */
  createdAt: number;
}

export function people(count: number, seed: number): Person[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2024, 0, 1);
  return Array.from({ length: count }, () => {
    const [city, country] = pick(CITIES);
    return {
      first: pick(FIRST),
      last: pick(LAST),
      title: pick(TITLES),
      city,
      country,
      createdAt: start + Math.floor(random() * 365 * 24 * 3600 * 1000),
    };
  });
}

export const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** An opaque cursor for an offset, the way real APIs hide theirs. */
export const encodeCursor = (offset: number) => btoa(`o:${offset}`).replace(/=+$/, '');

export function decodeCursor(cursor: string): number | undefined {
  try {
    const match = /^o:(\d+)$/.exec(atob(cursor));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
