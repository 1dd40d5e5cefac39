/**
 * A stateful, in-memory Pipedrive over real HTTP ({@link io.dealsign.simulator.pipedrive.PipedriveSimulator}),
 * faithful to {@code shared/API-CONTRACT.md} and, where that is terse, to {@code shared/reference/pipedrive-api.md}.
 *
 * <h2>REST API (what the product calls)</h2>
 * <pre>
 * GET    /api/v2/deals/{id}             deal, v2 shape                                    cost 1
 * PATCH  /api/v2/deals/{id}             status, stage_id, pipeline_id, lost_reason, title,
 *                                       value, currency, person_id, org_id, owner_id      cost 5
 * DELETE /api/v2/deals/{id}             marks deleted, {data:{id}}                         cost 3
 * GET    /api/v2/deals                  status, updated_since, updated_until, sort_by,
 *                                       sort_direction, limit (1..500), cursor, owner_id,
 *                                       person_id, pipeline_id, stage_id                   cost 10
 * GET    /api/v2/persons/{id}           person with emails[] and phones[]                  cost 1
 * POST   /api/v1/files                  multipart: part "file" + part "deal_id"  -> 201    cost 10
 * GET    /api/v1/files                  v1 paging start/limit (max 100)                    cost 20
 * GET    /api/v1/files/{id}             one file object                                    cost 2
 * GET    /api/v1/files/{id}/download    the bytes, with the uploaded content type          cost 20
 * GET    /api/v1/deals/{id}/files       a deal's files, v1 paging                          cost 20
 * POST   /api/v1/notes                  JSON (or form) {content, deal_id}        -> 201    cost 5
 * GET    /api/v1/notes?deal_id=         v1 paging                                          cost 20
 * GET    /api/v1/webhooks                                                                  cost 5
 * POST   /api/v1/webhooks               {subscription_url, event_action, event_object,
 *                                       version, http_auth_user, http_auth_password, name} cost 5
 * DELETE /api/v1/webhooks/{id}                                                             cost 5
 * anything else under /api/              404 JSON after the token check                     cost 1
 * </pre>
 * v2 costs are the third-party reading of Pipedrive's {@code x-token-cost} (§3.1); v1 file costs are the
 * numbers on Pipedrive's Files reference (§5); notes and webhooks have no published number. All are
 * overridable ({@code tokenCost(ApiCall, int)}).
 *
 * <h2>Control API ({@code /_sim}, never authenticated, limited or faulted)</h2>
 * <pre>
 * GET|PATCH /_sim/settings        api_token, burst_limit, burst_window_ms, daily_budget (null = unlimited),
 *                                 daily_budget_remaining, token_costs{CALL:n}, retry_after,
 *                                 cloudflare_after_429s, cloudflare_block_seconds, webhook_time_scale,
 *                                 webhook_timeout_ms, webhook_delivery, deleted_deals_readable,
 *                                 company_id, company_domain, api_user_id, sales_rep_user_id
 * POST   /_sim/budget/reset       refill the daily budget
 * POST   /_sim/clock/advance      {seconds}: move the simulated clock forward
 * PATCH  /_sim/faults             {error_rate, timeout_rate, latency_ms}
 * POST   /_sim/persons            {name, emails: ["a@x"] | [{value, primary, label}], phones}
 * GET    /_sim/persons[/{id}]
 * POST   /_sim/deals              {title, person_id, org_id, pipeline_id, stage_id, value, currency, owner_id}
 * POST   /_sim/deals/seed         {count, title_prefix, ...draft fields}: no webhooks
 * POST   /_sim/deals/merge        {from_deal_id, to_deal_id}
 * GET    /_sim/deals[/{id}]       including deleted deals (kept 30 days)
 * PATCH  /_sim/deals/{id}         the same fields and rules as the REST PATCH, change_source "app"
 * DELETE /_sim/deals/{id}
 * GET    /_sim/files[?deal_id=]   with content_type and content_base64
 * GET    /_sim/files/{id}/content the raw bytes
 * GET    /_sim/notes[?deal_id=]
 * GET    /_sim/webhooks           with banned, banned_until, forced_version (never the password)
 * PUT    /_sim/webhooks/{id}/version  {version: "1.0" | "2.0" | null}
 * GET    /_sim/events             every deal event, oldest first
 * POST   /_sim/events/{id}/redeliver
 * GET    /_sim/deliveries[?event_id=]
 * GET|DELETE /_sim/requests       the request log
 * DELETE /_sim/history            forget events, deliveries and requests
 * </pre>
 *
 * <h2>Decisions where the contract is silent</h2>
 * <ul>
 * <li>Deleted deals stay readable with {@code is_deleted:true} for 30 days (reference §3.1, §3.4: v2 marks
 *     deletion with {@code is_deleted}; deleted deals are kept 30 days), then answer 404 and leave
 *     {@code status=deleted}. {@code deletedDealsReadable(false)} makes them 404 at once. They cannot be
 *     patched, deleted again, merged, or get files or notes (404).</li>
 * <li>Webhook {@code version} defaults to "2.0" (reference §2.1). A v2 webhook must use create/change/delete/*,
 *     a v1 webhook added/updated/deleted/merged/*; a mixed-up action is a 400 rather than a webhook that never
 *     fires. 40 webhooks at most (422 "Webhooks limit reached").</li>
 * <li>{@code http_auth_password} is answered as null everywhere.</li>
 * <li>v2 {@code previous} on change holds the changed fields with old values, including derived ones
 *     ({@code won_time}, {@code close_time}, {@code stage_change_time}) but never {@code update_time}, as in the
 *     docs' example. A PATCH that changes nothing sends no webhook and keeps {@code update_time}.</li>
 * <li>Merge: the merged-away deal is deleted ({@code delete} with {@code merged_to_id}); the survivor keeps its
 *     fields and takes the person and organization it lacked; its {@code change} carries
 *     {@code merged_from_id} and a {@code previous} that may be empty. v1: {@code deleted.deal} then
 *     {@code merged.deal}.</li>
 * <li>Times are whole seconds in REST bodies; {@code update_time} sorting and cursors use a global
 *     modification sequence, so a deal changed during paging moves to the end (asc) and is never skipped.
 *     Cursors are keyset positions bound to sort_by and sort_direction (a mismatch or garbage is 400).</li>
 * <li>v2 validation is strict: ids must be JSON integers ({@code "7"} is 400), {@code lost_reason} needs status
 *     lost, {@code limit} above 500 is 400. Stage and pipeline ids are not checked against any pipeline list.</li>
 * <li>Ban counting: any successful delivery resets the count of failed first attempts; during a ban new events
 *     and pending retries are dropped (recorded as {@code DROPPED_BANNED}). Redelivery is a fresh attempt 1 with
 *     the same event id. The 10 s timeout is a setting of its own, not scaled.</li>
 * <li>Rate limits: Cloudflare block, then token, then burst window, then budget; 401s and Cloudflare 403s spend
 *     nothing. An "unlimited" burst is reported as a limit of 1,000,000 so headers stay truthful. On a budget
 *     429 {@code x-ratelimit-remaining} is the real burst count, so clients can tell the two 429s apart; with
 *     {@code retryAfterHeader(true)} the burst 429 says the window's reset and the budget 429 the seconds to
 *     midnight UTC. Escalation counts 429s in a row per token (any allowed request resets it).</li>
 * <li>v1 list endpoints answer {@code data:[]} when empty (real v1 may answer null; parsers should accept both).</li>
 * </ul>
 */
package io.dealsign.simulator.pipedrive;
