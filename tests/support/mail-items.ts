/** The assignments an email tells of: every item, alone or in a digest, links to its item page. */
export const itemsOf = (text: string) => [...new Set([...text.matchAll(/\/items\/([A-Za-z0-9]+)/g)].map((x) => x[1]!))];

/** A delivery's step, from its key: a lone message's starts `<assignment>:<step>:`, a digest's `digest:<step>:`. */
export const stepOfKey = (key: string) => key.split(':')[1];
