namespace Dashboard.Flags;

/// <summary>The outcome of loading flag data: a store, or the problems that prevented it, each naming the flag or segment and field.</summary>
public sealed record FlagStoreLoadResult(FlagStore? Store, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Store is not null;
}
