export async function rateLimitBench(): Promise<string> {
  return 'BENCH rate-limit pending=1';
}
