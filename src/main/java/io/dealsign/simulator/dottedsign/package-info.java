/**
 * A stateful, in-memory DottedSign on real HTTP ({@link io.dealsign.simulator.dottedsign.DottedSignSimulator}),
 * faithful to the DottedSign section of {@code API-CONTRACT.md}; the product, its tests, its demo mode and
 * its benchmarks run against it. {@link io.dealsign.simulator.dottedsign.DottedSignSimulatorMain} runs it
 * on its own; {@link io.dealsign.simulator.dottedsign.ControlApi} lists the {@code /_sim} endpoints.
 *
 * <h2>Where the contract is silent, the simulator decides (ASSUMED)</h2>
 * <ul>
 *   <li>Token endpoint: answers in the OAuth shape, not wrapped in {@code data}, with {@code scope} too;
 *       takes its parameters as JSON or as a form. Missing or non-Bearer {@code Authorization}:
 *       {@code 401001 unauthorized}. Unknown or expired token: {@code 400002 invalid_token}.</li>
 *   <li>Codes the vendor's truncated table does not show: {@code 404001 task_not_found},
 *       {@code 404000 not_found} (no such endpoint), {@code 429001 too_many_requests},
 *       {@code 500000 internal_server_error} (injected faults).</li>
 *   <li>Rate limit: one fixed window for the whole application, all tokens and the token endpoint
 *       included; control paths and download links are exempt.</li>
 *   <li>Create: the file comes from exactly one of {@code template_id} (the usual case),
 *       {@code base64_file} (must decode to a PDF) and {@code file_mission_id} (not simulated, always
 *       refused); signer emails need an {@code @}. A {@code start:true} task sends {@code created}
 *       (task still {@code draft} in its body) then {@code sent} ({@code waiting}).</li>
 *   <li>Stage statuses: {@code waiting} (not yet acted, also in drafts and in voided or expired tasks),
 *       {@code signed}, {@code declined}. Signing is sequential.</li>
 *   <li>Every change moves {@code updated_at} forward by at least a millisecond. Timestamps are
 *       ISO-8601 with milliseconds and an explicit offset, UTC ({@code +00:00}) unless
 *       {@code timeZone} says otherwise. Task ids start at a random six-digit number and increase.</li>
 *   <li>Discard sends no webhook; a discarded task keeps its status, disappears from the list, and
 *       every API call on it answers {@code 400033 task_deleted}.</li>
 *   <li>List: defaults {@code page=1}, {@code per_page=20}, {@code sort_type=updated_at},
 *       {@code order_by=desc}; {@code per_page} above 100 is capped; ties sort by task id; a page past
 *       the end is empty; {@code total_pages} is 0 when nothing matches; {@code status} takes one value.</li>
 *   <li>Download links: {@code file_types} may list several types, comma-separated; a type the task
 *       does not have yet is {@code 400417 invalid_params}. Links look pre-signed
 *       ({@code /_files/<key>.pdf?X-Amz-...}), need no token, work for 10 minutes, and answer like S3
 *       when misused (403 {@code AccessDenied} for a dropped query string or an expired link, 404
 *       {@code NoSuchKey}). The PDFs are generated, also for a task made from {@code base64_file}.</li>
 *   <li>Webhooks: one attempt per event with a 10 s timeout, no retries; events of one task leave in
 *       order; URL, signature mode and secret are read at the moment of the event; events while
 *       delivery is off or no URL is set are recorded as {@code DROPPED} and lost. A redelivery sends
 *       the same bytes, signed with the settings in force at redelivery. {@code event_email} is the
 *       owner's for API actions and expiry, the signer's for {@code signed}, {@code declined} and
 *       {@code completed}; {@code ip_address} and {@code user_agent} are the API caller's for API
 *       actions.</li>
 * </ul>
 */
package io.dealsign.simulator.dottedsign;
