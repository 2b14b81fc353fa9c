namespace Dashboard.Database;

/// <summary>The resolved path of the SQLite database file, for start-up checks and messages.</summary>
public sealed record DatabaseLocation(string FilePath);
