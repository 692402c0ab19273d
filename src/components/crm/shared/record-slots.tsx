"use client";

/*
 * Slots on the contact and company record pages: the deals of the record (the deals
 * work, ./deal-record-list) and its timeline with the activity composer (./timeline-panel).
 */

export { RecordDeals } from "../deals/deal-record-list";
export { RecordTimeline } from "../activities/timeline-panel";
