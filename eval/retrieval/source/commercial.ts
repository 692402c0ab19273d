/** Sales and customer service: terms we give customers and how the sales team works. */
import { paragraphs, type SourceDoc } from "./types";

export function commercialDocs(): SourceDoc[] {
  return [
    {
      id: "com-customer-returns",
      title: "Returns policy for hardware customers",
      text: paragraphs(
        "Business customers may return unused hardware in its original, unopened packaging within 30 days of delivery for a full credit. Opened items that are not faulty can be returned within 14 days with a restocking fee of 15%.",
        "Request a return authorisation from your account page or from customer service; goods sent back without one are refused. The customer pays return shipping unless the item was faulty or we sent the wrong product.",
        "Consumables such as labels, ribbons and paper rolls cannot be returned once opened.",
      ),
    },
    {
      id: "com-warranty-claims",
      title: "Making a warranty claim",
      text: paragraphs(
        "If a device fails within its warranty period, open a claim from your account page with the serial number and a description of the fault. Our technicians first try to solve the problem remotely; most printer and scanner faults are settings.",
        "When the device must be repaired, we send a prepaid shipping label. Repairs under warranty take about ten working days at the manufacturer. For a faster solution, customers with the Advance Replacement service receive a replacement unit the next working day.",
        "Damage from drops, liquids or wrong consumables is not covered.",
      ),
    },
    {
      id: "com-advance-replacement",
      title: "Advance Replacement service",
      text: paragraphs(
        "Advance Replacement is an optional service for printers, scanners and payment terminals that keeps your business running when a device fails. We ship a replacement unit the next working day, before you return the faulty one.",
        "It costs 12% of the device's list price per year and can be added within 60 days of purchase. Return the faulty unit within ten days in the packaging of the replacement, or it will be invoiced.",
      ),
    },
    {
      id: "com-delivery-terms",
      title: "Delivery times and shipping costs",
      text: paragraphs(
        "Orders placed before 15:00 on a working day for items in stock are shipped the same day from the nearest warehouse. Delivery takes one to two working days within the Benelux, Germany, France and the UK, and two to four days elsewhere in Europe.",
        "Shipping is free for orders over EUR 250 excluding VAT. Smaller orders pay EUR 9.50 per parcel. Furniture and pallet deliveries are quoted separately and delivered to the ground floor kerbside unless an installation service is ordered.",
        "Deliveries outside the EU are sent on DAP terms: duties and import taxes are paid by the customer.",
      ),
    },
    {
      id: "com-discount-approval",
      title: "Discounts sales may give",
      text: paragraphs(
        "Account managers may give up to 10% off list price on hardware and up to 15% on subscriptions without approval. Up to 20% needs the sales manager, and anything above that the commercial director.",
        "Discounts are entered on the quote, never as a separate credit note after the sale, so that margin reports stay correct. Free months on subscriptions count as a discount at their list value.",
        "Consumables are discounted by at most 10% whatever the deal size.",
      ),
    },
    {
      id: "com-quote-process",
      title: "Preparing a quote",
      text: paragraphs(
        "Quotes are created in the CRM from the deal, so products, prices and discounts come from the current price list. A quote is valid for 30 days; hardware prices after that depend on stock and supplier prices.",
        "Quotes over EUR 50,000 are reviewed by the sales manager before they are sent. For public sector customers, check the tender's terms first: they often forbid changing the price after submission.",
        "When the customer accepts, convert the quote into an order; do not retype it.",
      ),
    },
    {
      id: "com-price-match",
      title: "Price match promise",
      text: paragraphs(
        "If a business customer finds the same new product, in stock, at a lower price from an authorised reseller in the same country within seven days of buying from us, we refund the difference.",
        "The offer must include delivery costs and must not be a clearance, auction or membership-only price. Customer service checks the offer and issues a credit note on the original invoice.",
      ),
    },
    {
      id: "com-installation-service",
      title: "Furniture installation service",
      text: paragraphs(
        "For desks, benches and chairs, our partner installers deliver to the room, assemble, level and connect the furniture, and take all packaging away for recycling.",
        "Installation costs EUR 65 per desk and EUR 15 per chair, with a minimum of EUR 250 per visit. Installers need a lift or a loading bay for deliveries above the ground floor and access to the rooms during working hours.",
        "Old furniture can be collected for reuse or recycling at an additional charge, quoted in advance.",
      ),
    },
    {
      id: "com-leasing",
      title: "Leasing hardware",
      text: paragraphs(
        "Customers can lease hardware worth EUR 2,000 or more over 24, 36 or 48 months through our financing partner instead of paying upfront. The monthly rate includes the Advance Replacement service for the whole term.",
        "At the end of the term the customer returns the equipment, extends the lease for a lower rate, or buys it at its fair market value. Credit approval usually takes one working day.",
      ),
    },
    {
      id: "com-key-account-management",
      title: "Key account management",
      text: paragraphs(
        "Customers with yearly revenue above EUR 250,000 have a named key account manager and a quarterly business review, in which we look at order history, service levels, open issues and upcoming projects.",
        "Key accounts receive a customer-specific price list, reviewed once a year, and a direct line to a senior support agent.",
        "The key account manager writes an account plan each January with revenue goals and the people to meet at the customer.",
      ),
    },
    {
      id: "com-trial-subscription",
      title: "Free trial of the platform",
      text: paragraphs(
        "New organisations can try the platform free for 14 days with all Business plan features and up to five users. No card is needed to start.",
        "At the end of the trial, the organisation chooses a plan; otherwise it becomes read-only for 30 days and is then deleted. Data entered during the trial is kept when the organisation subscribes.",
        "Sales may extend a trial once by 14 days for companies evaluating the platform with several departments.",
      ),
    },
    {
      id: "com-plans-overview",
      title: "Plans and what they include",
      text: paragraphs(
        "Starter covers up to five users and one warehouse, with CRM, invoicing and basic stock. Business adds up to fifty users, five warehouses, single sign-on, the API and webhooks. Enterprise has unlimited users and warehouses, three years of audit log, a dedicated success manager and an uptime commitment in the contract.",
        "All plans are billed per organisation per month, or yearly with two months free. Extra warehouses can be added to Business for a monthly fee.",
      ),
    },
    {
      id: "com-referral-partners",
      title: "Partner programme for resellers",
      text: paragraphs(
        "Accounting firms and IT resellers can join the partner programme. Partners earn 20% of the subscription revenue of the customers they bring for the first two years, and 10% afterwards.",
        "Partners get a free internal organisation, training, and a partner portal showing their customers and commissions. Commission is paid quarterly on subscriptions that have been paid.",
      ),
    },
  ];
}
