"""Python's own answers for sf::Decimal's property test.

Reads operations, one a line, tab-separated: an operation name, then its
operands as literals (and quantize's rounding mode). Writes one line per
operation: the result (str() of a Decimal, True/False for a comparison, or
raise:<InvalidOperation|DivisionByZero|Overflow>), then str(Decimal(x)) of
each operand, tab-separated. Evaluated under the default context, exactly as a
Python service computes.

    python3 tools/interop/decimal_oracle.py OPS_FILE RESULTS_FILE
"""
import decimal
import operator
import sys
from decimal import Decimal

BINARY = {
    'add': operator.add, 'sub': operator.sub, 'mul': operator.mul,
    'div': operator.truediv, 'mod': operator.mod, 'floordiv': operator.floordiv,
    'eq': operator.eq, 'ne': operator.ne, 'lt': operator.lt,
    'le': operator.le, 'gt': operator.gt, 'ge': operator.ge,
}
UNARY = {'neg': operator.neg, 'pos': operator.pos, 'abs': abs, 'str': lambda d: d}
ROUNDING = {
    'half_even': decimal.ROUND_HALF_EVEN, 'half_up': decimal.ROUND_HALF_UP,
    'half_down': decimal.ROUND_HALF_DOWN, 'up': decimal.ROUND_UP, 'down': decimal.ROUND_DOWN,
    'ceiling': decimal.ROUND_CEILING, 'floor': decimal.ROUND_FLOOR, 'zero_five_up': decimal.ROUND_05UP,
}
# Most specific first: DivisionUndefined is an InvalidOperation, and so on.
RAISED = ('InvalidOperation', 'DivisionByZero', 'Overflow')


def evaluate(fields):
    name, operands = fields[0], [Decimal(x) for x in fields[1:3] if x]
    try:
        if name in UNARY:
            result = UNARY[name](operands[0])
        elif name in BINARY:
            result = BINARY[name](operands[0], operands[1])
        elif name == 'quantize':
            result = operands[0].quantize(operands[1], rounding=ROUNDING[fields[3]])
        else:
            raise SystemExit(f'decimal_oracle.py: unknown operation {name!r}')
    except decimal.DecimalException as e:
        kind = next((k for k in RAISED if isinstance(e, getattr(decimal, k))), type(e).__name__)
        result = f'raise:{kind}'
    return '\t'.join([str(result)] + [str(d) for d in operands])


def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: decimal_oracle.py OPS_FILE RESULTS_FILE')
    decimal.setcontext(decimal.Context())  # the default context, whatever the environment
    with open(sys.argv[1]) as ops, open(sys.argv[2], 'w') as out:
        for number, line in enumerate(ops, 1):
            try:
                out.write(evaluate(line.rstrip('\n').split('\t')) + '\n')
            except decimal.InvalidOperation:
                raise SystemExit(f'decimal_oracle.py: line {number}: not a decimal literal: {line!r}')


if __name__ == '__main__':
    main()
