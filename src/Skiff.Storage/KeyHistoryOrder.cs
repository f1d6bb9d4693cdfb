namespace Skiff.Storage;

/// <summary>Orders key histories by key, ordinally, as etcd orders keys by bytes.</summary>
internal sealed class KeyHistoryOrder : IComparer<KeyHistory>
{
    public static KeyHistoryOrder Instance { get; } = new();

    public int Compare(KeyHistory? x, KeyHistory? y) => string.CompareOrdinal(x?.Key, y?.Key);
}
