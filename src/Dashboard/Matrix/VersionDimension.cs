namespace Dashboard.Matrix;

/// <summary>Which recorded version the matrix rows are: the API version or the client version.</summary>
public enum VersionDimension
{
    ApiVersion = 0,
    ClientVersion = 1,
}
