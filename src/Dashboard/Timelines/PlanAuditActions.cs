namespace Dashboard.Timelines;

/// <summary>Audit actions written for plans; the plan detail reads its status history back from them.</summary>
public static class PlanAuditActions
{
    public const string EntityType = "DeprecationPlan";
    public const string Created = "plan.created";
    public const string Updated = "plan.updated";
    public const string StatusChanged = "plan.status-changed";
    public const string ExtensionGranted = "plan.extension-granted";
    public const string ExtensionRemoved = "plan.extension-removed";
}
