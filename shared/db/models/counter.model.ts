import mongoose, { Schema } from 'mongoose';

const CounterSchema = new Schema({ _id: { type: String, required: true }, seq: { type: Number, required: true } });

export const Counter = mongoose.model('Counter', CounterSchema);

/** Atomically takes the next number of a named sequence (numbers are never handed out twice). */
export async function nextSequenceValue(name: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const counter = await Counter.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      if (!counter) throw new Error(`sequence ${name} returned nothing`);
      return counter.seq;
    } catch (error) {
      // Two first-ever upserts can race on the same _id; the loser retries and increments.
      const duplicate = (error as { code?: number }).code === 11000;
      if (!duplicate || attempt >= 3) throw error;
    }
  }
}
