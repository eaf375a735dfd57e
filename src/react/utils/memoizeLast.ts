/** Remembers the last input and output, so equal input (by identity) gives the same output. */
export function memoizeLast<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; result: R } | undefined;
  return (arg) => {
    if (last && Object.is(last.arg, arg)) return last.result;
    const result = fn(arg);
    last = { arg, result };
    return result;
  };
}
