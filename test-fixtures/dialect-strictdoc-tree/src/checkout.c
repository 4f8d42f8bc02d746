/**
 * @relation(SHOP-CHECKOUT, scope=function)
 */
int checkout(struct cart *cart);
