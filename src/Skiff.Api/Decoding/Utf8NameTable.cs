namespace Skiff.Api.Decoding;

/// <summary>
/// A fixed set of names looked up by their UTF-8 bytes, so that a JSON property name read straight from a request body
/// is found without turning it into a string (open addressing, linear probing, a table at most half full).
/// </summary>
internal sealed class Utf8NameTable
{
    private readonly byte[][] names;

    /// <summary>Index + 1 of the name in each slot; 0 is an empty slot.</summary>
    private readonly int[] slots;

    public Utf8NameTable(IReadOnlyList<string> names)
    {
        this.names = [.. names.Select(System.Text.Encoding.UTF8.GetBytes)];
        var size = 4;
        while (size < names.Count * 2)
        {
            size *= 2;
        }

        slots = new int[size];
        for (var i = 0; i < this.names.Length; i++)
        {
            var slot = Hash(this.names[i]) & (size - 1);
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & (size - 1);
            }

            slots[slot] = i + 1;
        }
    }

    public int Count => names.Length;

    /// <summary>The index of <paramref name="name"/> in the list the table was built from, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> name)
    {
        var mask = slots.Length - 1;
        var slot = Hash(name) & mask;
        while (true)
        {
            var entry = slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (name.SequenceEqual(names[entry - 1]))
            {
                return entry - 1;
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>FNV-1a: cheap over the short names of model properties, and no per-call state (unlike HashCode).</summary>
    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = 2166136261u;
        foreach (var b in name)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }
}
