/** Length limits of the contact blocks customers, vendors and employees share (UNCONFIRMED, §2.2). */
export const PHONE_LIMITS = { FreeFormNumber: 30 };
export const EMAIL_LIMITS = { Address: 100 };
export const ADDRESS_LIMITS = {
  Line1: 500,
  Line2: 500,
  Line3: 500,
  Line4: 500,
  Line5: 500,
  City: 255,
  CountrySubDivisionCode: 255,
  PostalCode: 30,
  Country: 255,
};
