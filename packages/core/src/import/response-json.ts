const texts = new WeakMap<object, string>();

/**
 * The JSON text of a response, serialised once however many places need it: an import's response
 * is stored in the catalog under its `Idempotency-Key` and sent (for a 1,000-record batch, two
 * serialisations of ~100 KB each became one). The response must not change after its first call.
 */
export function responseJson(response: object): string {
  let text = texts.get(response);
  if (text === undefined) {
    text = JSON.stringify(response);
    texts.set(response, text);
  }
  return text;
}

/** The text `responseJson` made of `response`, if it was called for it. */
export function serialisedResponseJson(response: object): string | undefined {
  return texts.get(response);
}
