namespace Dashboard.Data.Entities;

/// <summary>Where a deprecation plan stands. Moves forward by date where it can; Completed and Cancelled are set by people.</summary>
public enum PlanStatus
{
    Draft = 0,
    Announced = 1,
    Deprecated = 2,
    Sunset = 3,
    Completed = 4,
    Cancelled = 5,
}
