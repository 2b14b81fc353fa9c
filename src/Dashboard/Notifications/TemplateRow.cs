using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

public sealed record TemplateRow(int Id, string Key, string Name, TemplateKind Kind, DateTime UpdatedAt, string? UpdatedBy);
