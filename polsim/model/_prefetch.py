"""A software prefetch for the compiled passes over the network.

A pass over the network reads, for every tie, the row of the person at the other end. Most
ties of a small-world or neighbourhood network are local, but the rewired ones land anywhere,
and each such read waits for main memory. With some twenty operations per tie the processor
cannot look far enough ahead to start the next such read while it waits, so the pass runs at
memory latency, not bandwidth. Asking for the rows of a person a few rows ahead
(:data:`AHEAD`) before working on the current one overlaps the waits: the pass over a million
people takes about half the time when its arrays are not in the cache (docs/performance.md).
A prefetch is only a hint: it never changes a result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import llvmlite.binding
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

__all__ = ["AHEAD", "prefetch_row"]

#: How many people ahead a pass asks for its neighbours' rows (4 to 16 measured the same).
AHEAD = 8

# LLVM names its intrinsics by pointer type; since LLVM 17 pointers are opaque ("p0").
_NAME = "llvm.prefetch.p0" if llvmlite.binding.llvm_version_info[0] >= 17 else "llvm.prefetch.p0i8"


@intrinsic
def _prefetch_row(typingctx, array, row):
    """Ask the processor to bring row ``row`` of a 2-D ``array`` into the cache (for reading,
    kept in all cache levels). Compiled code only; ``row`` must be a valid row."""
    if not (isinstance(array, types.Array) and array.ndim == 2 and isinstance(row, types.Integer)):
        return None
    sig = types.void(array, row)

    def codegen(context, builder, signature, args):
        array_type, row_type = signature.args
        data = context.make_array(array_type)(context, builder, args[0])
        index = context.cast(builder, args[1], row_type, types.intp)
        zero = context.get_constant(types.intp, 0)
        pointer = cgutils.get_item_pointer2(
            context, builder, data=data.data, shape=cgutils.unpack_tuple(builder, data.shape),
            strides=cgutils.unpack_tuple(builder, data.strides), layout=array_type.layout,
            inds=[index, zero], wraparound=False,
        )  # fmt: skip
        byte_pointer = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32]), _NAME
        )
        # (address, read = 0, locality = 3: keep in every level, data cache = 1)
        builder.call(
            function,
            [builder.bitcast(pointer, byte_pointer), i32(0), i32(3), i32(1)],
        )
        return context.get_dummy_value()

    return sig, codegen


#: As called from compiled code: ``prefetch_row(array, row)``.
prefetch_row = cast(Callable[[Any, Any], None], _prefetch_row)
