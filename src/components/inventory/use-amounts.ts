"use client";

import { useMemo } from "react";
import { useFormat } from "@/components/format/format-provider";
import { roundMinor } from "./amounts";

/**
 * Quantities and inventory money in the viewer's locale: quantities keep up to six
 * decimals, money (decimal minor units as text) is rounded to whole minor units.
 */
export function useAmounts() {
  const format = useFormat();
  return useMemo(() => {
    const numbers = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 6 });
    return {
      format,
      quantity: (text: string) => numbers.format(text as `${number}`),
      /** With the unit: "17 pcs". */
      withUnit: (text: string, unit: string) => `${numbers.format(text as `${number}`)} ${unit}`,
      money: (minorText: string, currency: string) => format.money(roundMinor(minorText), currency),
    };
  }, [format]);
}

export type Amounts = ReturnType<typeof useAmounts>;
