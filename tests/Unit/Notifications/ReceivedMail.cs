using MimeKit;

namespace Dashboard.Tests.Unit.Notifications;

/// <summary>A message as the SMTP server received it: the envelope and the parsed content.</summary>
public sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> RcptTo, MimeMessage Message);
