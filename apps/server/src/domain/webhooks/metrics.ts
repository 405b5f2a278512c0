/**
 * Deliveries by result since the process started, for a metrics endpoint to read (no labels
 * with endpoints or keys): `delivered` answered 2xx, `retried` failed and will be tried again,
 * `failed` gave up after 24 h.
 */
export const webhookDeliveryCounts = { delivered: 0, retried: 0, failed: 0 };
