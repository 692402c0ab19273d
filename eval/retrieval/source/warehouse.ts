/**
 * Inventory and warehouse procedures. Each procedure exists once per site, with the site's own
 * numbers, hours, people and local rules, so the sites' versions are near-duplicates of each other.
 */
import { paragraphs, type SourceDoc } from "./types";

interface Site {
  key: string;
  name: string;
  lead: string;
  docks: number;
  hours: string;
  countFrequencyA: string;
  countFrequencyC: string;
  varianceLimit: string;
  receivingCutoff: string;
  quarantineZone: string;
  carrier: string;
  hazmatRule: string;
  coldStore: boolean;
}

const sites: Site[] = [
  { key: "rotterdam", name: "Rotterdam distribution centre", lead: "Femke de Vries", docks: 14, hours: "06:00 to 22:00, Monday to Saturday", countFrequencyA: "every week", countFrequencyC: "twice a year", varianceLimit: "EUR 250", receivingCutoff: "18:00", quarantineZone: "zone Q next to dock 14", carrier: "DHL Freight", hazmatRule: "Aerosols and lithium batteries go to the fire-separated cage in aisle 30; the cage holds at most 2,000 kg of class 9 goods.", coldStore: true },
  { key: "leeds", name: "Leeds warehouse", lead: "Gareth Holt", docks: 6, hours: "07:00 to 19:00, Monday to Friday", countFrequencyA: "every two weeks", countFrequencyC: "once a year", varianceLimit: "GBP 150", receivingCutoff: "15:30", quarantineZone: "the caged bay behind goods-in", carrier: "Palletways", hazmatRule: "Leeds does not store dangerous goods; inbound aerosols are refused at the dock and the purchase order is flagged for Rotterdam.", coldStore: false },
  { key: "lyon", name: "Lyon regional warehouse", lead: "Camille Roux", docks: 8, hours: "05:30 to 21:30, Monday to Friday", countFrequencyA: "every week", countFrequencyC: "once a year", varianceLimit: "EUR 200", receivingCutoff: "17:00", quarantineZone: "zone R, marked in red on the floor", carrier: "Geodis", hazmatRule: "Flammable liquids are kept in the ventilated store at the north wall, limited to 500 litres by the prefecture's permit.", coldStore: true },
  { key: "austin", name: "Austin fulfilment center", lead: "Marcus Bell", docks: 10, hours: "24 hours, Monday to Friday; 08:00 to 16:00 on Saturday", countFrequencyA: "every month", countFrequencyC: "once a year", varianceLimit: "USD 300", receivingCutoff: "20:00", quarantineZone: "the yellow-taped area in aisle 1", carrier: "Old Dominion", hazmatRule: "Hazardous materials follow the DOT placarding rules; only staff with current HAZMAT training may receive them.", coldStore: false },
  { key: "osaka", name: "Osaka logistics hub", lead: "Haruto Sato", docks: 5, hours: "08:00 to 18:00, Monday to Saturday", countFrequencyA: "every week", countFrequencyC: "twice a year", varianceLimit: "JPY 30,000", receivingCutoff: "16:00", quarantineZone: "the mezzanine hold area", carrier: "Yamato Transport", hazmatRule: "Lithium batteries are stored on the ground floor only, away from the sprinkler-free mezzanine, following the fire department's guidance.", coldStore: true },
];

type Procedure = { key: string; title: string; text: (site: Site) => string };

const procedures: Procedure[] = [
  {
    key: "cycle-count",
    title: "Cycle counting",
    text: (site) =>
      paragraphs(
        `This procedure describes how the ${site.name} counts stock between annual inventories. Items are classed by value of annual movement: A items (the top 80% of value) are counted ${site.countFrequencyA}, B items every quarter, and C items ${site.countFrequencyC}.`,
        `The warehouse system generates the count list each morning. Counters scan the location, then count blind: the expected quantity is never shown. A second counter recounts any location whose difference exceeds 2% or ${site.varianceLimit} in value.`,
        `Differences above ${site.varianceLimit} are approved by ${site.lead} before the adjustment is posted, and the reason code (damage, mis-pick, receiving error, theft suspected) must be recorded.`,
      ),
  },
  {
    key: "receiving",
    title: "Receiving inbound goods",
    text: (site) =>
      paragraphs(
        `The ${site.name} has ${site.docks} dock doors and receives deliveries during opening hours (${site.hours}). Deliveries booked after ${site.receivingCutoff} are unloaded but put away the next working day.`,
        "Every delivery must match an open purchase order or a transfer order. The receiver checks the number of pallets against the delivery note, inspects for visible damage, and scans each carton against the order. Over-deliveries beyond 5% are refused unless purchasing approves them by e-mail.",
        `Damaged or unlabelled goods go to ${site.quarantineZone} and are not received into available stock. Note the damage on the carrier's paperwork before signing, and photograph it.`,
      ),
  },
  {
    key: "returns-to-vendor",
    title: "Returns to vendor",
    text: (site) =>
      paragraphs(
        `Goods are sent back to a supplier from the ${site.name} only with a return authorisation number from the supplier. Purchasing requests the number; the warehouse does not contact suppliers directly.`,
        `Pick the goods from ${site.quarantineZone}, pack them in the original cartons where possible, and print the return note from the warehouse system. The note carries the authorisation number, the original purchase order and the reason.`,
        `Returns leave with ${site.carrier} unless the supplier sends its own collection. Finance raises a debit note once the carrier's proof of collection is attached to the return in the system.`,
      ),
  },
  {
    key: "hazardous-goods",
    title: "Storing hazardous goods",
    text: (site) =>
      paragraphs(
        `This note covers dangerous goods at the ${site.name}. ${site.hazmatRule}`,
        "Safety data sheets for every hazardous item are kept in the binder at the goods-in office and in the shared drive. Incompatible classes, such as oxidisers and flammables, are never stored in the same bay.",
        `Spills are reported to ${site.lead} at once. Spill kits hang at the end of every aisle that holds hazardous stock; used kits are replaced the same day.`,
      ),
  },
  {
    key: "stock-transfer",
    title: "Transferring stock between warehouses",
    text: (site) =>
      paragraphs(
        `Stock leaves the ${site.name} for another site only on a transfer order created by inventory planning. The transfer order reserves the stock so it cannot be sold while it is being picked.`,
        `Pallets are picked, wrapped and labelled with the transfer order's number, then shipped with ${site.carrier}. The stock is shown as in transit until the receiving site scans it in; nothing is available to sell during the journey.`,
        `Shortages found on arrival are reported within two working days. ${site.lead} investigates on the shipping side and, if needed, posts the loss with reason code "transit damage".`,
      ),
  },
  {
    key: "expiry",
    title: "Rotating stock with an expiry date",
    text: (site) =>
      paragraphs(
        `Items with a best-before or use-by date are picked first-expired, first-out at the ${site.name}. The system proposes the pallet with the earliest date; pickers must not take another unless that location is blocked.`,
        site.coldStore
          ? "Chilled goods are kept in the cold store between 2 °C and 8 °C. The temperature log is checked at the start of each shift, and a reading outside the range is escalated before any chilled stock is shipped."
          : "This site has no cold store: chilled items are never routed here, and any that arrive by mistake are transferred out the same day.",
        `Stock within 30 days of expiry is blocked for sale to customers who require a minimum remaining shelf life, and reported weekly to ${site.lead} for markdown or donation.`,
      ),
  },
  {
    key: "picking",
    title: "Picking customer orders",
    text: (site) =>
      paragraphs(
        `Orders at the ${site.name} are released to picking in waves every 30 minutes. Single-line orders are picked in batches onto a trolley; larger orders are picked into a tote per order.`,
        "The handheld shows the location, product and quantity. Scan the location, then each unit or the carton barcode. If the location is empty or short, report a short pick on the handheld: never take stock from another location without the system directing you, because that breaks the stock records.",
        `Orders received before the carrier cut-off are picked the same day; ${site.carrier} collects from the dock at the end of the day.`,
      ),
  },
  {
    key: "packing-shipping",
    title: "Packing and dispatch",
    text: (site) =>
      paragraphs(
        `At the ${site.name} packers scan each tote at the pack station; the system proposes the smallest suitable box and prints the shipping label and delivery note.`,
        "Fragile items are wrapped in paper and the box is filled so that nothing moves. Boxes over 23 kg get a heavy-parcel sticker and are lifted by two people or with the lifting aid.",
        `Parcels and pallets are staged by carrier in the dispatch lane and handed over to ${site.carrier} against a signed manifest. Anything missing from the manifest stays on site and is reported to ${site.lead}.`,
      ),
  },
];

const companyWide: SourceDoc[] = [
  {
    id: "inv-annual-stocktake",
    title: "Year-end stocktake instructions (all sites)",
    text: paragraphs(
      "Every warehouse counts its entire stock once a year, on the last Saturday of December, in addition to cycle counting. The count values the inventory in the year-end accounts, so the external auditors attend at least two sites and test-count a sample of locations.",
      "Preparation. In the week before, finish all put-away, clear the quarantine area where possible, and label every location clearly. No goods are received or shipped on count day; customer orders due that day ship on Friday or Monday. Print the count sheets, or load the count on the handhelds, by location and without quantities.",
      "Counting. Staff work in pairs: one counts, one records. Each pair takes one aisle at a time and marks the end of the aisle with a green card when done. Broken cartons are counted in units; full cartons and pallets by the number of units on the label, after checking one carton per pallet.",
      "Differences. The inventory controller compares the counts with the system. Any location that differs by more than 2% or by a value above the site's adjustment limit is recounted by a different pair before the adjustment is accepted.",
      "Sign-off. The site lead signs the count summary and sends it to the finance controller with the list of adjustments and their value by Monday noon. Stock is released for picking once finance confirms.",
    ),
  },
];

export function warehouseDocs(): SourceDoc[] {
  return [
    ...companyWide,
    ...sites.flatMap((site) =>
      procedures.map((procedure) => ({
        id: `inv-${site.key}-${procedure.key}`,
        title: `${procedure.title} — ${site.name}`,
        text: procedure.text(site),
      })),
    ),
  ];
}
