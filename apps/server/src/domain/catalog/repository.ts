import type { OrderItem } from "../../db/schema/store.ts";

export type ProductRow = {
  sku: string;
  name: string;
  priceCents: number;
  quantity: number;
  status: "enabled" | "disabled";
  createdAt: number;
  updatedAt: number;
};

export type OrderStatus = "pending" | "processing" | "shipped" | "complete" | "canceled";

export type OrderRow = {
  id: number;
  status: OrderStatus;
  customerName: string;
  customerEmail: string;
  items: OrderItem[];
  totalCents: number;
  currency: string;
  createdAt: number;
  updatedAt: number;
};

/** The store's catalog and order book, as integrations read and change them. */
export type CatalogRepository = {
  /** Products by SKU, from after `after` (exclusive), at most `limit`. */
  products(after: string | null, limit: number): Promise<ProductRow[]>;
  product(sku: string): Promise<ProductRow | undefined>;
  /** The product as changed, or undefined when there is no such SKU. */
  updateProduct(sku: string, change: Partial<Pick<ProductRow, "priceCents" | "quantity" | "status">>, now: number): Promise<ProductRow | undefined>;
  /** Newest first, below `before` when given, of one status when given, at most `limit`. */
  orders(status: OrderStatus | undefined, before: number | undefined, limit: number): Promise<OrderRow[]>;
  order(id: number): Promise<OrderRow | undefined>;
  updateOrderStatus(id: number, status: OrderStatus, now: number): Promise<OrderRow | undefined>;
  /** Fills an empty catalog; false (and nothing written) when it already has products. */
  seed(products: ProductRow[], orders: OrderRow[]): Promise<boolean>;
};
