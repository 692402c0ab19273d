import type { RouterOutputs } from "@/trpc/types";

type Inventory = RouterOutputs["inventory"];

export type ProductDetail = Inventory["products"]["get"];
export type StockRow = ProductDetail["stock"][number];
export type LotRow = ProductDetail["lots"][number];
export type Movement = Inventory["stock"]["history"]["items"][number];
export type Warehouse = Inventory["warehouses"]["list"][number];
export type Valuation = Inventory["stock"]["valuation"];
export type LowStockRow = Inventory["stock"]["lowStock"][number];
