#include "checkout.h"

/**
 * Pays for the cart.
 *
 * @relation(
 *     SHOP-CHECKOUT,
 *     scope=function
 * )
 */
int checkout(struct cart *cart);

void phone_order(void) {} // @relation(SHOP-LEGACY, scope=line)

/* @relation{SHOP-CHEKOUT, scope=function} */
void confirm(void) {}

// @relation(SHOP-REFUND, scope=function, role=Refines)
void refund_policy(void) {}

// See @relation(SHOP-REFUND) in the docs: a mention, not a marker.
