package io.channelpulse.model;

import java.math.BigDecimal;
import java.time.Instant;

/** A guide (list) price for a SKU, in force from {@code effectiveFrom} until the next one. */
public record GuidePrice(String sku, BigDecimal guidePrice, String currency, Instant effectiveFrom) {}
