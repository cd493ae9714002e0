// The API's validation messages name fields as paths ("billingPerson.lastName must NOT have fewer than 1
// characters"); people read them better in words ("Billing person last name is required").

/** "billingPerson.lastName" -> "billing person last name"; "lines.1.feeItemId" -> "line 2 fee item". */
export function fieldWords(field: string): string {
  const parts = field.split('.');
  const words: string[] = [];
  parts.forEach((part, index) => {
    if (/^\d+$/.test(part) && parts[index - 1] === 'lines') {
      words.pop();
      words.push(`line ${Number(part) + 1}`);
      return;
    }
    words.push(
      part
        .replace(/Id$/, '')
        .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
        .toLowerCase(),
    );
  });
  return words.join(' ');
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A plainer sentence for a schema refusal about `field`; anything unrecognised is kept as the API said it. */
export function friendlyValidation(message: string, field: string | undefined): string {
  if (!field) return message;
  const name = capital(fieldWords(field));
  if (/must NOT have fewer than 1 characters$|is required$/.test(message)) return `${name} is required.`;
  if (/must match format "email"$/.test(message)) return `${name} must be an email address, like name@example.com.`;
  if (/must match format "date"$/.test(message)) return `${name} must be a date.`;
  if (/must match format "uuid"$/.test(message)) return `Choose the ${fieldWords(field)}.`;
  if (/must match pattern "\^\\d\{1,13\}/.test(message))
    return `${name} must be an amount like 1250.00, with at most two decimals.`;
  const tooLong = /must NOT have more than (\d+) characters$/.exec(message);
  if (tooLong) return `${name} is too long: at most ${tooLong[1]} characters.`;
  return message;
}
